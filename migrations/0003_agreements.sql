CREATE TABLE `agreement_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`version_id` text NOT NULL,
	`kind` text NOT NULL,
	`party` text NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`fingerprint` text NOT NULL,
	`ip_address` text DEFAULT '' NOT NULL,
	`decided_at` integer NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `agreement_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agreement_decisions_agreement_idx` ON `agreement_decisions` (`agreement_id`,`decided_at`);--> statement-breakpoint
CREATE TABLE `agreement_signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`version_id` text NOT NULL,
	`party` text NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`authority` text NOT NULL,
	`fingerprint` text NOT NULL,
	`ip_address` text DEFAULT '' NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`signed_at` integer NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `agreement_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_signatures_party_idx` ON `agreement_signatures` (`version_id`,`party`);--> statement-breakpoint
CREATE INDEX `agreement_signatures_agreement_idx` ON `agreement_signatures` (`agreement_id`);--> statement-breakpoint
CREATE TABLE `agreement_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`number` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`start_on` text,
	`end_on` text,
	`review_on` text,
	`isf_pence` integer DEFAULT 0 NOT NULL,
	`cadence` text NOT NULL,
	`fee_kind` text DEFAULT 'none' NOT NULL,
	`fee_basis_points` integer DEFAULT 0 NOT NULL,
	`fee_pence` integer DEFAULT 0 NOT NULL,
	`fee_funding` text NOT NULL,
	`contingency_pence` integer DEFAULT 0 NOT NULL,
	`other_providers_allowed` integer DEFAULT false NOT NULL,
	`plan` text DEFAULT '[]' NOT NULL,
	`change_reason` text DEFAULT '' NOT NULL,
	`content` text,
	`fingerprint` text,
	`template_version` integer,
	`issued_at` integer,
	`issued_by` text,
	`approved_at` integer,
	`updated_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "agreement_versions_money_check" CHECK("agreement_versions"."isf_pence" >= 0 and "agreement_versions"."fee_pence" >= 0 and "agreement_versions"."contingency_pence" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_versions_number_idx` ON `agreement_versions` (`agreement_id`,`number`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`person_id` text NOT NULL,
	`provider_organisation_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`offer_id` text,
	`reference` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`notice_given_at` integer,
	`notice_given_by` text,
	`notice_reason` text,
	`notice_ends_on` text,
	`safeguarding` integer DEFAULT false NOT NULL,
	`ended_on` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `framework_lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notice_given_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreements_council_reference_idx` ON `agreements` (`council_id`,`reference`);--> statement-breakpoint
CREATE INDEX `agreements_council_status_idx` ON `agreements` (`council_id`,`status`);--> statement-breakpoint
CREATE INDEX `agreements_person_idx` ON `agreements` (`person_id`);--> statement-breakpoint
CREATE INDEX `agreements_provider_idx` ON `agreements` (`provider_organisation_id`);
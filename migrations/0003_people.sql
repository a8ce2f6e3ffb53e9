CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`assessed_on` text NOT NULL,
	`eligible` integer NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assessments_person_idx` ON `assessments` (`person_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `budget_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`version` integer NOT NULL,
	`amount_pence` integer NOT NULL,
	`period` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text,
	`basis` text NOT NULL,
	`basis_detail` text DEFAULT '' NOT NULL,
	`contribution_pence` integer DEFAULT 0 NOT NULL,
	`option1_pence` integer DEFAULT 0 NOT NULL,
	`option2_pence` integer DEFAULT 0 NOT NULL,
	`option3_pence` integer DEFAULT 0 NOT NULL,
	`reason` text NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `budget_versions_person_version_idx` ON `budget_versions` (`person_id`,`version`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`person_id` text NOT NULL,
	`representative_id` text,
	`email` text NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`replaced_at` integer,
	`invited_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`representative_id`) REFERENCES `representatives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_tokenHash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_person_idx` ON `invitations` (`person_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`reference` text NOT NULL,
	`name` text NOT NULL,
	`date_of_birth` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`postcode` text DEFAULT '' NOT NULL,
	`locality_id` text,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`contact_method` text DEFAULT 'post' NOT NULL,
	`accessible_formats` text DEFAULT '[]' NOT NULL,
	`communication_needs` text DEFAULT '' NOT NULL,
	`practitioner_id` text,
	`user_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	`closed_at` integer,
	`closed_reason` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`locality_id`) REFERENCES `council_list_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`practitioner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_council_reference_idx` ON `people` (`council_id`,`reference`);--> statement-breakpoint
CREATE INDEX `people_council_name_idx` ON `people` (`council_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_user_idx` ON `people` (`user_id`);--> statement-breakpoint
CREATE TABLE `person_outcomes` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`outcome_id` text NOT NULL,
	`own_words` text NOT NULL,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outcome_id`) REFERENCES `council_list_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `person_outcomes_person_idx` ON `person_outcomes` (`person_id`);--> statement-breakpoint
CREATE TABLE `representatives` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`relationship` text DEFAULT '' NOT NULL,
	`basis` text NOT NULL,
	`document_reference` text DEFAULT '' NOT NULL,
	`authority` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`user_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `representatives_person_idx` ON `representatives` (`person_id`);--> statement-breakpoint
CREATE INDEX `representatives_user_idx` ON `representatives` (`user_id`);
CREATE TABLE `enquiries` (
	`id` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`person_user_id` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`awaiting` text DEFAULT 'provider' NOT NULL,
	`updated_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `enquiries_person_idx` ON `enquiries` (`person_user_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `enquiries_organisation_idx` ON `enquiries` (`organisation_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `enquiries_offer_idx` ON `enquiries` (`offer_id`);--> statement-breakpoint
CREATE TABLE `enquiry_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`enquiry_id` text NOT NULL,
	`author_user_id` text NOT NULL,
	`side` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`enquiry_id`) REFERENCES `enquiries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `enquiry_messages_enquiry_idx` ON `enquiry_messages` (`enquiry_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `offer_cost_options` (
	`id` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`amount_pence` integer NOT NULL,
	`unit` text NOT NULL,
	`includes` text DEFAULT '' NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `offer_cost_options_offer_idx` ON `offer_cost_options` (`offer_id`,`unit`,`amount_pence`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`council_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`outcome_ids` text DEFAULT '[]' NOT NULL,
	`care_group_ids` text DEFAULT '[]' NOT NULL,
	`min_age` integer,
	`max_age` integer,
	`locality_ids` text DEFAULT '[]' NOT NULL,
	`delivery_modes` text DEFAULT '[]' NOT NULL,
	`days` text DEFAULT '[]' NOT NULL,
	`opens_at` text,
	`closes_at` text,
	`flexible` integer DEFAULT false NOT NULL,
	`schedule_notes` text DEFAULT '' NOT NULL,
	`languages` text DEFAULT '[]' NOT NULL,
	`communication_support` text DEFAULT '[]' NOT NULL,
	`accessibility_notes` text DEFAULT '' NOT NULL,
	`accepting` text DEFAULT 'yes' NOT NULL,
	`places` integer,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_email` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`contact_notes` text DEFAULT '' NOT NULL,
	`care_inspectorate_number` text DEFAULT '' NOT NULL,
	`grades` text DEFAULT '{}' NOT NULL,
	`graded_on` text,
	`view_count` integer DEFAULT 0 NOT NULL,
	`shortlist_count` integer DEFAULT 0 NOT NULL,
	`published_at` integer,
	`updated_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `framework_lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offers_organisation_idx` ON `offers` (`organisation_id`,`status`);--> statement-breakpoint
CREATE INDEX `offers_council_status_idx` ON `offers` (`council_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `offers_lot_idx` ON `offers` (`lot_id`);--> statement-breakpoint
CREATE TABLE `shortlist_items` (
	`user_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `offer_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action
);

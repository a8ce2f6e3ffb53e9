CREATE TABLE `outcome_review_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`review_id` text NOT NULL,
	`person_outcome_id` text NOT NULL,
	`outcome_id` text NOT NULL,
	`result` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `outcome_reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_outcome_id`) REFERENCES `person_outcomes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outcome_id`) REFERENCES `council_list_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outcome_review_answers_outcome_idx` ON `outcome_review_answers` (`review_id`,`person_outcome_id`);--> statement-breakpoint
CREATE TABLE `outcome_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`version_id` text NOT NULL,
	`reviewed_on` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `agreement_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outcome_reviews_agreement_idx` ON `outcome_reviews` (`agreement_id`,`reviewed_on`);--> statement-breakpoint
ALTER TABLE `people` ADD `care_group_id` text REFERENCES council_list_items(id);
ALTER TABLE `offers` ADD `other_languages` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `shortlist_items` ADD `removed_at` integer;
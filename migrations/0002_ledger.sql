CREATE TABLE `isf_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`agreement_id` text NOT NULL,
	`person_id` text NOT NULL,
	`provider_organisation_id` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`opening_amount` integer NOT NULL,
	`contingency_allowed` integer DEFAULT 0 NOT NULL,
	`surplus_weeks_worth` integer DEFAULT 4 NOT NULL,
	`surplus_held_for_weeks` integer DEFAULT 12 NOT NULL,
	`contribution_first` integer DEFAULT false NOT NULL,
	`opened_at` integer NOT NULL,
	`opened_by_user_id` text,
	`closed_at` integer,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "isf_accounts_period_check" CHECK("isf_accounts"."period_start" <= "isf_accounts"."period_end"),
	CONSTRAINT "isf_accounts_amounts_check" CHECK("isf_accounts"."opening_amount" > 0 and "isf_accounts"."contingency_allowed" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `isf_accounts_agreementId_unique` ON `isf_accounts` (`agreement_id`);--> statement-breakpoint
CREATE INDEX `isf_accounts_council_idx` ON `isf_accounts` (`council_id`);--> statement-breakpoint
CREATE INDEX `isf_accounts_provider_idx` ON `isf_accounts` (`provider_organisation_id`);--> statement-breakpoint
CREATE INDEX `isf_accounts_person_idx` ON `isf_accounts` (`person_id`);--> statement-breakpoint
CREATE TABLE `ledger_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`condition` text NOT NULL,
	`raised_on` text NOT NULL,
	`raised_at` integer NOT NULL,
	`cleared_on` text,
	FOREIGN KEY (`account_id`) REFERENCES `isf_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_alerts_open_idx` ON `ledger_alerts` (`account_id`,`condition`) WHERE cleared_on is null;--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`entry_date` text NOT NULL,
	`reference` text,
	`outcome_id` text,
	`reverses_entry_id` text,
	`description` text NOT NULL,
	`reason` text,
	`actor_user_id` text,
	`created_at` integer NOT NULL,
	`previous_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `isf_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outcome_id`) REFERENCES `council_list_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reverses_entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ledger_entries_amount_check" CHECK("ledger_entries"."amount" <> 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_sequence_idx` ON `ledger_entries` (`account_id`,`sequence`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_reference_idx` ON `ledger_entries` (`account_id`,`kind`,`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_reverses_idx` ON `ledger_entries` (`reverses_entry_id`);--> statement-breakpoint
CREATE INDEX `ledger_entries_date_idx` ON `ledger_entries` (`account_id`,`entry_date`,`sequence`);
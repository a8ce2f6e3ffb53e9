CREATE TABLE `ledger_statement_sends` (
	`account_id` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`recipients` integer NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `period_from`),
	FOREIGN KEY (`account_id`) REFERENCES `isf_accounts`(`id`) ON UPDATE no action ON DELETE no action
);

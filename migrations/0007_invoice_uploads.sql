CREATE TABLE `invoice_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	`file_name` text NOT NULL,
	`rows` integer NOT NULL,
	`added` integer NOT NULL,
	`saved` integer NOT NULL,
	`problems` text NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_uploads_invoice_idx` ON `invoice_uploads` (`invoice_id`);
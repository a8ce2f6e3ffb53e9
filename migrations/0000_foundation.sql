CREATE TABLE `councils` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `councils_name_unique` ON `councils` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `councils_slug_unique` ON `councils` (`slug`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text DEFAULT 'charity' NOT NULL,
	`charity_number` text DEFAULT '' NOT NULL,
	`company_number` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`postcode` text DEFAULT '' NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_email` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`care_inspectorate_numbers` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `password_reset_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `password_reset_tokens_user_idx` ON `password_reset_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`flash` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_throttles` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`first_failure_at` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text,
	`role` text NOT NULL,
	`council_id` text,
	`organisation_id` text,
	`created_at` integer NOT NULL,
	`password_changed_at` integer,
	`disabled_at` integer,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_council_idx` ON `users` (`council_id`);--> statement-breakpoint
CREATE INDEX `users_organisation_idx` ON `users` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` text,
	`council_id` text,
	`action` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text,
	`detail` text DEFAULT '' NOT NULL,
	`ip_address` text
);
--> statement-breakpoint
CREATE INDEX `audit_events_subject_idx` ON `audit_events` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_user_id`);--> statement-breakpoint
CREATE INDEX `audit_events_council_idx` ON `audit_events` (`council_id`,`at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer NOT NULL,
	`user_id` text NOT NULL,
	`message` text NOT NULL,
	`link` text,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`sent_at` integer,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `outbox_to_idx` ON `outbox` (`to_address`,`created_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `council_list_items` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `council_list_items_council_kind_idx` ON `council_list_items` (`council_id`,`kind`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `council_list_items_label_idx` ON `council_list_items` (`council_id`,`kind`,`label`);--> statement-breakpoint
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
CREATE INDEX `representatives_user_idx` ON `representatives` (`user_id`);--> statement-breakpoint
CREATE TABLE `agreement_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`version` integer NOT NULL,
	`clauses` text NOT NULL,
	`easy_read_clauses` text NOT NULL,
	`terms` text NOT NULL,
	`change_note` text DEFAULT '' NOT NULL,
	`created_by_user_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_templates_council_version_idx` ON `agreement_templates` (`council_id`,`version`);--> statement-breakpoint
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
CREATE INDEX `agreements_provider_idx` ON `agreements` (`provider_organisation_id`);--> statement-breakpoint
CREATE TABLE `provider_payment_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`method` text NOT NULL,
	`stripe_account_id` text,
	`charges_enabled` integer DEFAULT false NOT NULL,
	`payouts_enabled` integer DEFAULT false NOT NULL,
	`details_submitted` integer DEFAULT false NOT NULL,
	`stripe_status_updated_at` integer,
	`bank_account_name` text,
	`bank_sort_code` text,
	`bank_account_number` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_payment_accounts_organisationId_unique` ON `provider_payment_accounts` (`organisation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `provider_payment_accounts_stripeAccountId_unique` ON `provider_payment_accounts` (`stripe_account_id`);--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	`error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_events_eventId_unique` ON `stripe_events` (`event_id`);--> statement-breakpoint
CREATE INDEX `stripe_events_type_idx` ON `stripe_events` (`type`);--> statement-breakpoint
CREATE TABLE `stripe_transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`organisation_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`stripe_transfer_id` text NOT NULL,
	`destination_account_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_transfers_stripeTransferId_unique` ON `stripe_transfers` (`stripe_transfer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_transfers_idempotency_key_idx` ON `stripe_transfers` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `stripe_transfers_invoice_idx` ON `stripe_transfers` (`invoice_id`);--> statement-breakpoint
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
CREATE INDEX `ledger_entries_date_idx` ON `ledger_entries` (`account_id`,`entry_date`,`sequence`);--> statement-breakpoint
CREATE TABLE `ledger_statement_sends` (
	`account_id` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`recipients` integer NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `period_from`),
	FOREIGN KEY (`account_id`) REFERENCES `isf_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `application_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`criterion_id` text NOT NULL,
	`answer` text DEFAULT '' NOT NULL,
	`document_id` text,
	`expires_on` text,
	`evaluation` text,
	`evaluation_comment` text DEFAULT '' NOT NULL,
	`evaluated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `provider_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`criterion_id`) REFERENCES `framework_criteria`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_answers_criterion_idx` ON `application_answers` (`application_id`,`criterion_id`);--> statement-breakpoint
CREATE TABLE `application_lots` (
	`application_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`outcome` text DEFAULT 'applied' NOT NULL,
	PRIMARY KEY(`application_id`, `lot_id`),
	FOREIGN KEY (`application_id`) REFERENCES `provider_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `framework_lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `evidence_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`application_id` text NOT NULL,
	`criterion_id` text NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`expires_on` text,
	`uploaded_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `provider_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`criterion_id`) REFERENCES `framework_criteria`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_documents_application_idx` ON `evidence_documents` (`application_id`);--> statement-breakpoint
CREATE INDEX `evidence_documents_expiry_idx` ON `evidence_documents` (`expires_on`);--> statement-breakpoint
CREATE TABLE `evidence_reminders` (
	`document_id` text NOT NULL,
	`stage` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`document_id`, `stage`),
	FOREIGN KEY (`document_id`) REFERENCES `evidence_documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `framework_criteria` (
	`id` text PRIMARY KEY NOT NULL,
	`framework_id` text NOT NULL,
	`title` text NOT NULL,
	`guidance` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`mandatory` integer DEFAULT true NOT NULL,
	`expires` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`framework_id`) REFERENCES `frameworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `framework_criteria_framework_idx` ON `framework_criteria` (`framework_id`,`position`);--> statement-breakpoint
CREATE TABLE `framework_lots` (
	`id` text PRIMARY KEY NOT NULL,
	`framework_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`guide_rate_min_pence` integer,
	`guide_rate_max_pence` integer,
	`guide_rate_unit` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`framework_id`) REFERENCES `frameworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `framework_lots_framework_idx` ON `framework_lots` (`framework_id`,`position`);--> statement-breakpoint
CREATE TABLE `frameworks` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`name` text NOT NULL,
	`reference` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`rolling` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `frameworks_reference_idx` ON `frameworks` (`council_id`,`reference`);--> statement-breakpoint
CREATE INDEX `frameworks_status_idx` ON `frameworks` (`status`);--> statement-breakpoint
CREATE TABLE `provider_applications` (
	`id` text PRIMARY KEY NOT NULL,
	`framework_id` text NOT NULL,
	`council_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`reference` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`declarations_accepted_at` integer,
	`clarification_question` text,
	`clarification_answer` text,
	`decision_reasons` text,
	`submitted_at` integer,
	`decided_at` integer,
	`updated_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`framework_id`) REFERENCES `frameworks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_applications_reference_unique` ON `provider_applications` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `provider_applications_framework_organisation_idx` ON `provider_applications` (`framework_id`,`organisation_id`);--> statement-breakpoint
CREATE INDEX `provider_applications_council_status_idx` ON `provider_applications` (`council_id`,`status`);--> statement-breakpoint
CREATE INDEX `provider_applications_organisation_idx` ON `provider_applications` (`organisation_id`);--> statement-breakpoint
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
--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`position` integer NOT NULL,
	`person_id` text NOT NULL,
	`agreement_id` text NOT NULL,
	`account_id` text,
	`start_on` text NOT NULL,
	`end_on` text NOT NULL,
	`outcome_id` text,
	`description` text NOT NULL,
	`unit_kind` text NOT NULL,
	`units` real NOT NULL,
	`rate_pence` integer NOT NULL,
	`amount_pence` integer NOT NULL,
	`rate_flagged` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decision_reason` text,
	`credits_line_id` text,
	`flagged_at` integer,
	`flagged_by` text,
	`flag_reason` text,
	`flag_resolved_at` integer,
	`flag_resolution` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `isf_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outcome_id`) REFERENCES `council_list_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`flagged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`,`position`);--> statement-breakpoint
CREATE INDEX `invoice_lines_agreement_idx` ON `invoice_lines` (`agreement_id`,`start_on`);--> statement-breakpoint
CREATE INDEX `invoice_lines_person_idx` ON `invoice_lines` (`person_id`);--> statement-breakpoint
CREATE TABLE `invoice_queries` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`line_id` text,
	`question` text NOT NULL,
	`asked_by` text NOT NULL,
	`asked_at` integer NOT NULL,
	`answer` text,
	`answered_by` text,
	`answered_at` integer,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_queries_invoice_idx` ON `invoice_queries` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`provider_organisation_id` text NOT NULL,
	`kind` text DEFAULT 'invoice' NOT NULL,
	`credits_invoice_id` text,
	`reference` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`submitted_on` text,
	`submitted_at` integer,
	`decided_by` text,
	`decided_at` integer,
	`rejected_reason` text,
	`payment_run_id` text,
	`payment_method` text,
	`payment_state` text DEFAULT 'none' NOT NULL,
	`payment_attempt` integer DEFAULT 1 NOT NULL,
	`payment_reference` text,
	`payment_error` text,
	`paid_on` text,
	`paid_out_at` integer,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invoices_period_check" CHECK("invoices"."period_start" <= "invoices"."period_end")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_provider_reference_idx` ON `invoices` (`provider_organisation_id`,`reference`);--> statement-breakpoint
CREATE INDEX `invoices_council_status_idx` ON `invoices` (`council_id`,`status`);--> statement-breakpoint
CREATE INDEX `invoices_run_idx` ON `invoices` (`payment_run_id`);--> statement-breakpoint
CREATE TABLE `payment_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`reference` text NOT NULL,
	`pay_on` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`bacs_confirmed_at` integer,
	`bacs_confirmed_by` text,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bacs_confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_runs_reference_idx` ON `payment_runs` (`council_id`,`reference`);
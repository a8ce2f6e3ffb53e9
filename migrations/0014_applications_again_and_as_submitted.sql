-- An organisation may now hold several applications to one framework: a new one after a rejection or an exit,
-- and one for more lots while admitted (which points at the standing application it extends). Each submitted
-- application keeps the organisation's details as they were sent.
DROP INDEX `provider_applications_framework_organisation_idx`;--> statement-breakpoint
ALTER TABLE `provider_applications` ADD `extends_application_id` text REFERENCES provider_applications(id);--> statement-breakpoint
ALTER TABLE `provider_applications` ADD `organisation_details` text;--> statement-breakpoint
CREATE INDEX `provider_applications_framework_organisation_idx` ON `provider_applications` (`framework_id`,`organisation_id`);--> statement-breakpoint
-- Applications already sent keep the organisation's details as they are now, the nearest to what was sent.
UPDATE `provider_applications` SET `organisation_details` = (
	SELECT json_object('name', o.`name`, 'type', o.`type`, 'charityNumber', o.`charity_number`, 'companyNumber', o.`company_number`,
		'address', o.`address`, 'postcode', o.`postcode`, 'contactName', o.`contact_name`, 'contactEmail', o.`contact_email`,
		'contactPhone', o.`contact_phone`, 'careInspectorateNumbers', o.`care_inspectorate_numbers`)
	FROM `organisations` o WHERE o.`id` = `provider_applications`.`organisation_id`
) WHERE `status` <> 'draft';

-- Full-text search over offers: title, summary, description and the provider's name, kept up to date by
-- triggers. Only the text columns are indexed; `offer_id` links each row back to its offer.
CREATE VIRTUAL TABLE `offers_search` USING fts5(
	`offer_id` UNINDEXED,
	`title`,
	`summary`,
	`description`,
	`provider`,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `offers_search_insert` AFTER INSERT ON `offers` BEGIN
	INSERT INTO `offers_search` (`offer_id`, `title`, `summary`, `description`, `provider`)
	VALUES (new.`id`, new.`title`, new.`summary`, new.`description`, (SELECT `name` FROM `organisations` WHERE `id` = new.`organisation_id`));
END;
--> statement-breakpoint
CREATE TRIGGER `offers_search_update` AFTER UPDATE OF `title`, `summary`, `description`, `organisation_id` ON `offers` BEGIN
	DELETE FROM `offers_search` WHERE `offer_id` = old.`id`;
	INSERT INTO `offers_search` (`offer_id`, `title`, `summary`, `description`, `provider`)
	VALUES (new.`id`, new.`title`, new.`summary`, new.`description`, (SELECT `name` FROM `organisations` WHERE `id` = new.`organisation_id`));
END;
--> statement-breakpoint
CREATE TRIGGER `offers_search_delete` AFTER DELETE ON `offers` BEGIN
	DELETE FROM `offers_search` WHERE `offer_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `offers_search_provider` AFTER UPDATE OF `name` ON `organisations` BEGIN
	UPDATE `offers_search` SET `provider` = new.`name` WHERE `offer_id` IN (SELECT `id` FROM `offers` WHERE `organisation_id` = new.`id`);
END;

-- The full-text index also holds each offer's council, so a search in one council matches that council's offers
-- only, instead of every offer in the country and then dropping the others. The council column is matched by the
-- search's own filter and carries no weight in the ranking; what a person types matches the text columns only.
DROP TRIGGER `offers_search_insert`;
--> statement-breakpoint
DROP TRIGGER `offers_search_update`;
--> statement-breakpoint
DROP TRIGGER `offers_search_delete`;
--> statement-breakpoint
DROP TRIGGER `offers_search_provider`;
--> statement-breakpoint
DROP TABLE `offers_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `offers_search` USING fts5(
	`offer_id` UNINDEXED,
	`council`,
	`title`,
	`summary`,
	`description`,
	`provider`,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `offers_search` (`offer_id`, `council`, `title`, `summary`, `description`, `provider`)
	SELECT o.`id`, o.`council_id`, o.`title`, o.`summary`, o.`description`, org.`name`
	FROM `offers` o JOIN `organisations` org ON org.`id` = o.`organisation_id`;
--> statement-breakpoint
CREATE TRIGGER `offers_search_insert` AFTER INSERT ON `offers` BEGIN
	INSERT INTO `offers_search` (`offer_id`, `council`, `title`, `summary`, `description`, `provider`)
	VALUES (new.`id`, new.`council_id`, new.`title`, new.`summary`, new.`description`, (SELECT `name` FROM `organisations` WHERE `id` = new.`organisation_id`));
END;
--> statement-breakpoint
CREATE TRIGGER `offers_search_update` AFTER UPDATE OF `title`, `summary`, `description`, `organisation_id`, `council_id` ON `offers` BEGIN
	DELETE FROM `offers_search` WHERE `offer_id` = old.`id`;
	INSERT INTO `offers_search` (`offer_id`, `council`, `title`, `summary`, `description`, `provider`)
	VALUES (new.`id`, new.`council_id`, new.`title`, new.`summary`, new.`description`, (SELECT `name` FROM `organisations` WHERE `id` = new.`organisation_id`));
END;
--> statement-breakpoint
CREATE TRIGGER `offers_search_delete` AFTER DELETE ON `offers` BEGIN
	DELETE FROM `offers_search` WHERE `offer_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `offers_search_provider` AFTER UPDATE OF `name` ON `organisations` BEGIN
	UPDATE `offers_search` SET `provider` = new.`name` WHERE `offer_id` IN (SELECT `id` FROM `offers` WHERE `organisation_id` = new.`id`);
END;

-- The full-text index also holds the languages a provider named itself (`offers.other_languages`, such as Tigrinya
-- or Farsi), so a search for one finds the offers whose staff speak it. The index is made again with a `languages`
-- column, its triggers follow changes to that column too, and it is filled again from the offers.
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
	`languages`,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `offers_search` (`offer_id`, `council`, `title`, `summary`, `description`, `provider`, `languages`)
	SELECT o.`id`, o.`council_id`, o.`title`, o.`summary`, o.`description`, org.`name`,
		(SELECT group_concat(`value`, ', ') FROM json_each(o.`other_languages`))
	FROM `offers` o JOIN `organisations` org ON org.`id` = o.`organisation_id`;
--> statement-breakpoint
CREATE TRIGGER `offers_search_insert` AFTER INSERT ON `offers` BEGIN
	INSERT INTO `offers_search` (`offer_id`, `council`, `title`, `summary`, `description`, `provider`, `languages`)
	VALUES (new.`id`, new.`council_id`, new.`title`, new.`summary`, new.`description`, (SELECT `name` FROM `organisations` WHERE `id` = new.`organisation_id`),
		(SELECT group_concat(`value`, ', ') FROM json_each(new.`other_languages`)));
END;
--> statement-breakpoint
CREATE TRIGGER `offers_search_update` AFTER UPDATE OF `title`, `summary`, `description`, `organisation_id`, `council_id`, `other_languages` ON `offers` BEGIN
	DELETE FROM `offers_search` WHERE `offer_id` = old.`id`;
	INSERT INTO `offers_search` (`offer_id`, `council`, `title`, `summary`, `description`, `provider`, `languages`)
	VALUES (new.`id`, new.`council_id`, new.`title`, new.`summary`, new.`description`, (SELECT `name` FROM `organisations` WHERE `id` = new.`organisation_id`),
		(SELECT group_concat(`value`, ', ') FROM json_each(new.`other_languages`)));
END;
--> statement-breakpoint
CREATE TRIGGER `offers_search_delete` AFTER DELETE ON `offers` BEGIN
	DELETE FROM `offers_search` WHERE `offer_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `offers_search_provider` AFTER UPDATE OF `name` ON `organisations` BEGIN
	UPDATE `offers_search` SET `provider` = new.`name` WHERE `offer_id` IN (SELECT `id` FROM `offers` WHERE `organisation_id` = new.`id`);
END;

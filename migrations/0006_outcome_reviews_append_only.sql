-- Outcome reviews are records of what was found: never changed or removed. A later review is a new row.
CREATE TRIGGER outcome_reviews_no_update BEFORE UPDATE ON outcome_reviews
BEGIN
  SELECT RAISE(ABORT, 'outcome_reviews is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER outcome_reviews_no_delete BEFORE DELETE ON outcome_reviews
BEGIN
  SELECT RAISE(ABORT, 'outcome_reviews is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER outcome_review_answers_no_update BEFORE UPDATE ON outcome_review_answers
BEGIN
  SELECT RAISE(ABORT, 'outcome_review_answers is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER outcome_review_answers_no_delete BEFORE DELETE ON outcome_review_answers
BEGIN
  SELECT RAISE(ABORT, 'outcome_review_answers is append-only');
END;

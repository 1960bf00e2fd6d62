-- The report outbox: an accepted report is a row whose workflow has not started yet. The API
-- answers 202 once the row is committed; the report starter starts the workflows, woken by the
-- notification this trigger sends when the inserting transaction commits.
ALTER TABLE "report" ADD COLUMN "request_id" TEXT;

-- CreateIndex
CREATE INDEX "report_workflow_started_at_idx" ON "report"("workflow_started_at");

CREATE FUNCTION report_accepted_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('report_accepted', NEW.talon);
  RETURN NULL;
END
$$;

CREATE TRIGGER report_accepted AFTER INSERT ON "report" FOR EACH ROW EXECUTE FUNCTION report_accepted_notify();

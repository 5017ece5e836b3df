-- Invariant 1 (docs/design.md): a published questionnaire version never changes. The app never
-- updates these rows; the database refuses it too.
CREATE FUNCTION questionnaire_versions_refuse_update() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'questionnaire version %@% is immutable: publish a new version instead', OLD.slug, OLD.version
    USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER questionnaire_versions_immutable
  BEFORE UPDATE ON questionnaire_versions
  FOR EACH ROW EXECUTE FUNCTION questionnaire_versions_refuse_update();

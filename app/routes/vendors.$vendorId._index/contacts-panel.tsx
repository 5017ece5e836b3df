// A vendor's contacts: the table, and for a manager of an active vendor the edit, remove and
// add forms (?contact=<id> opens that contact's edit form, a plain link that works without
// JavaScript).
import { Form, Link } from "@remix-run/react";
import { ContactForm } from "~/components/contact-form";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";
import { type FieldErrors } from "~/forms/parse";

type Contact = { id: string; name: string; email: string; role: string };

export function ContactsPanel({
  vendor,
  editable,
  editing,
  errorsFor,
  busy,
}: {
  vendor: { id: string; contacts: Contact[] };
  editable: boolean;
  editing: Contact | null;
  errorsFor: (intent: string) => FieldErrors | undefined;
  busy: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">Contacts</h2>
      {vendor.contacts.length > 0 ? (
        <ExportLinks what="contacts" path={`/tables/vendor-contacts/${vendor.id}`} />
      ) : null}
      {vendor.contacts.length === 0 ? (
        <p>No contacts yet.{editable ? " Assessments are sent to a vendor's contacts." : ""}</p>
      ) : (
        <ScrollRegion label="Contacts">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {editable ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {vendor.contacts.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>
                    <a href={`mailto:${c.email}`}>{c.email}</a>
                  </td>
                  <td>{c.role || "—"}</td>
                  {editable ? (
                    <td className="actions">
                      <Link to={`/vendors/${vendor.id}?contact=${c.id}#edit-contact`}>
                        Edit<span className="visually-hidden"> {c.name}</span>
                      </Link>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove-contact" />
                        <input type="hidden" name="contactId" value={c.id} />
                        <button type="submit" className="button-link" disabled={busy}>
                          Remove<span className="visually-hidden"> {c.name}</span>
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {editable && editing ? (
        <div className="subpanel" id="edit-contact">
          <h3>Edit {editing.name}</h3>
          <ContactForm
            key={editing.id}
            idPrefix="edit-contact"
            serverErrors={errorsFor("update-contact")}
            defaults={editing}
            hidden={{ intent: "update-contact", contactId: editing.id }}
            submitLabel="Save contact"
            cancelTo={`/vendors/${vendor.id}`}
          />
        </div>
      ) : null}
      {editable && !editing ? (
        <div className="subpanel">
          <h3>Add a contact</h3>
          {/* A new key once a contact is added empties the fields for the next one. */}
          <ContactForm
            key={vendor.contacts.map((c) => c.id).join()}
            idPrefix="new-contact"
            serverErrors={errorsFor("add-contact")}
            hidden={{ intent: "add-contact" }}
            submitLabel="Add contact"
          />
        </div>
      ) : null}
    </section>
  );
}

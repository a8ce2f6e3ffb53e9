import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import type { OfferView } from "~/domain/offers/view";
import { SummaryList, Tag } from "./ds";

const list = (items: string[], empty = "Not given") => (items.length ? items.join(", ") : empty);

/** An offer's details, as the public offer page and the provider's preview show them. */
export function OfferDetails({ offer, nextStep }: { offer: OfferView; nextStep?: ReactNode }) {
  return (
    <>
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">
          {offer.provider.name}, {offer.lot}
        </span>
        <h1 className="ds_page-header__title">{offer.title}</h1>
      </header>
      <p className="ds_lead">{offer.summary}</p>
      <p>
        <Tag colour={offer.accepting === "yes" ? "green" : offer.accepting === "waiting_list" ? "orange" : "grey"}>{offer.capacity}</Tag>
      </p>
      {nextStep}
      <h2>What the support looks like</h2>
      {offer.description.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <h2>Outcomes it helps with</h2>
      <ul>
        {offer.outcomes.map((o) => (
          <li key={o}>{o}</li>
        ))}
      </ul>
      <h2>Who, where and when</h2>
      <SummaryList
        rows={[
          { key: "Who it is for", value: list(offer.careGroups, "Anyone") },
          { key: "Ages", value: offer.ages },
          { key: "Areas", value: list(offer.localities) },
          { key: "How it is delivered", value: offer.delivery },
          { key: "When", value: [offer.when, offer.scheduleNotes].filter(Boolean).join(". ") },
          { key: "Languages", value: list(offer.languages, "English") },
          { key: "Communication support", value: list(offer.communicationSupport, "None listed") },
          { key: "Accessibility", value: offer.accessibilityNotes || "Not given" },
        ]}
      />
      <h2>Cost</h2>
      <SummaryList
        rows={offer.costs.map((c) => ({
          key: c.label || c.text,
          value: (
            <>
              {c.label ? <p>{c.text}</p> : null}
              {c.includes && <p>Includes: {c.includes}</p>}
              {c.valid && <p className="ds_hint-text">Valid {c.valid.charAt(0).toLowerCase() + c.valid.slice(1)}</p>}
            </>
          ),
        }))}
      />
      <h2>Quality and the council framework</h2>
      <SummaryList
        rows={[
          { key: "Framework", value: offer.frameworkLink ? <Link to={offer.frameworkLink}>{offer.framework}</Link> : offer.framework },
          ...(offer.guideRate
            ? [
                {
                  key: "Guide rate",
                  value: (
                    <>
                      <p>{offer.guideRate}</p>
                      <p className="ds_hint-text">
                        What the council expects support in the {offer.lot} lot to cost. Check the offer's own prices under Cost.
                        {offer.frameworkLink && (
                          <>
                            {" "}
                            <Link to={offer.frameworkLink}>See the guide rate of every lot on the framework page</Link>
                          </>
                        )}
                      </p>
                    </>
                  ),
                },
              ]
            : []),
          { key: "Standing", value: offer.standing },
          { key: "Care Inspectorate registration", value: offer.careInspectorateNumber || "Not recorded" },
          ...offer.grades.map((g) => ({ key: g.theme, value: g.grade })),
          ...(offer.gradedOn ? [{ key: "Graded on", value: offer.gradedOn }] : []),
        ]}
      />
      <h2>Contact</h2>
      <SummaryList
        rows={[
          { key: "Provider", value: offer.provider.name },
          ...(offer.contact.name ? [{ key: "Contact", value: offer.contact.name }] : []),
          ...(offer.contact.email ? [{ key: "Email", value: offer.contact.email }] : []),
          ...(offer.contact.phone ? [{ key: "Phone", value: offer.contact.phone }] : []),
          ...(offer.contact.notes ? [{ key: "How to get in touch", value: offer.contact.notes }] : []),
        ]}
      />
      <p className="ds_hint-text">Last updated {offer.updated}</p>
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BackLink, SummaryList } from "~/components/ds";
import { FrameworkStatusTag } from "~/components/frameworks";
import { publicFramework } from "~/domain/frameworks/frameworks.server";
import { guideRateText } from "~/domain/frameworks/labels";
import { formatDate } from "~/lib/dates";
import { database } from "~/lib/db.server";
import { withDomainErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: (data: { framework: { name: string } }) => data.framework.name };

export async function loader({ params }: LoaderFunctionArgs) {
  return withDomainErrors(async () => ({ framework: publicFramework(database(), params.frameworkId ?? "") }));
}

export default function PublicFramework() {
  const { framework } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/frameworks">All frameworks</BackLink>
      <header className="ds_page-header">
        <span className="ds_page-header__label ds_content-label">{framework.council}</span>
        <h1 className="ds_page-header__title">{framework.name}</h1>
      </header>
      {framework.description && <p className="ds_lead">{framework.description}</p>}
      <SummaryList
        rows={[
          { key: "Reference", value: framework.reference },
          { key: "Status", value: <FrameworkStatusTag status={framework.status} /> },
          { key: "Runs", value: `${formatDate(framework.startDate)} to ${formatDate(framework.endDate)}` },
          { key: "New providers", value: framework.rolling ? "The framework re-opens to new providers while it runs" : "The framework does not re-open to new providers" },
        ]}
      />
      <h2>Admitted providers by lot</h2>
      {framework.lots.map((lot) => (
        <section key={lot.id} aria-labelledby={`lot-${lot.id}`}>
          <h3 id={`lot-${lot.id}`}>{lot.name}</h3>
          {lot.description && <p>{lot.description}</p>}
          {guideRateText(lot) && <p>Guide rate: {guideRateText(lot)}</p>}
          {lot.providers.length === 0 ? (
            <p>No providers are admitted to this lot yet.</p>
          ) : (
            <ul>
              {lot.providers.map((p) => (
                <li key={p.id}>{p.name}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

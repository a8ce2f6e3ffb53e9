import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authorise } from "~/auth/permissions";
import { requireSession } from "~/auth/session.server";
import { BackLink, Button, DsForm, InsetText, TextInput } from "~/components/ds";
import { BankDetailsSchema } from "~/domain/payments/bank-details";
import { paymentAccountFor, saveBankDetails } from "~/domain/payments/payment-accounts.server";
import { database } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { invalid, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import type { PageHandle } from "~/lib/page";

export const handle: PageHandle = { title: "Your bank details" };

export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const { actor } = await requireSession(request);
    const organisationId = actor.organisationId ?? "";
    authorise(actor, "provider.administer", { organisationId });
    return { bank: paymentAccountFor(database(), actor, organisationId).bank };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await requireSession(request);
    const organisationId = session.actor.organisationId ?? "";
    authorise(session.actor, "provider.administer", { organisationId });
    const form = parseForm(BankDetailsSchema, await readForm(request));
    if (!form.ok) return invalid(form);
    saveBankDetails(database(), session.actor, organisationId, form.data);
    return redirectWithFlash(
      session,
      "/provider/payments",
      `Your bank details have been saved. Councils will pay you by BACS into the account ending ${form.data.accountNumber.slice(-4)}.`,
    );
  });
}

export default function BankDetails() {
  const { bank } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/provider/payments" />
      <h1 className="ds_page-header__title">Your bank details</h1>
      <p>The council pays your approved invoices into this account by BACS. Give the account of your organisation, not a personal account.</p>
      {bank && (
        <InsetText>
          <p>
            You are paid into the account {bank.accountNumber}, sort code {bank.sortCode}. To change it, enter the new account's details.
          </p>
        </InsetText>
      )}
      <DsForm>
        <TextInput
          name="accountName"
          label="Name on the account"
          hint="As your bank shows it, up to 18 characters: letters, numbers, spaces and . / & -"
          autoComplete="off"
          spellCheck={false}
        />
        <TextInput name="sortCode" label="Sort code" hint="Must be 6 digits long" width={5} inputMode="numeric" autoComplete="off" />
        <TextInput name="accountNumber" label="Account number" hint="Must be 8 digits long" width={10} inputMode="numeric" autoComplete="off" />
        <Button>Save bank details</Button>
      </DsForm>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button, DsForm, SummaryList, Table, TextInput } from "~/components/ds";
import { parseForm } from "~/lib/forms";
import { intentOf, invalid, notFound, readForm, redirectWithFlash, withDomainErrors, withFormErrors } from "~/lib/http.server";
import { formatPence } from "~/lib/money";
import type { PageHandle } from "~/lib/page";
import { getSession } from "~/auth/session.server";
import { fakeStripe } from "~/lib/stripe-fake.server";
import { pounds } from "~/lib/validation";

export const handle: PageHandle = { title: "Offline Stripe" };

function runningFake() {
  return fakeStripe() ?? notFound();
}

/** While the offline Stripe runs (demo mode): what it holds, and the events Stripe would send later. */
export async function loader(_args: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const fake = runningFake();
    return {
      balance: fake.availableBalancePence,
      accounts: fake.accounts().map((a) => ({
        id: a.id,
        business: String((a.business_profile as { name?: string } | undefined)?.name ?? ""),
        ready: a.payouts_enabled,
      })),
      transfers: fake.transfers().map((t) => ({
        id: t.id,
        amount: t.amount,
        reversed: t.amount_reversed,
        destination: t.destination,
        invoice: String((t.metadata as Record<string, string>).invoice_id ?? ""),
      })),
      events: fake
        .events()
        .slice(-20)
        .reverse()
        .map((e) => ({ id: String(e.id), type: String(e.type), account: e.account ? String(e.account) : "" })),
    };
  });
}

const BalanceSchema = z.object({ balance: pounds("Enter the balance in pounds", { allowZero: true }) });

export async function action({ request }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const fake = runningFake();
    const formData = await readForm(request);
    const intent = intentOf(formData, ["balance", "reverse", "payout"] as const);
    let message: string;
    if (intent === "balance") {
      const form = parseForm(BalanceSchema, formData);
      if (!form.ok) return invalid(form);
      fake.setAvailableBalance(form.data.balance);
      message = `The platform's available balance is now ${formatPence(form.data.balance)}.`;
    } else if (intent === "reverse") {
      const result = fake.reverseTransfer(String(formData.get("transfer") ?? ""));
      message = result.status === 200 ? "Transfer reversed: transfer.reversed sent." : "That transfer cannot be reversed.";
    } else {
      const payout = fake.payOut(String(formData.get("account") ?? ""));
      message = payout ? `Payout of ${formatPence(Number(payout.amount))} paid: payout.paid sent.` : "No such account.";
    }
    const session = await getSession(request);
    return session ? redirectWithFlash(session, "/dev/stripe", message) : redirect("/dev/stripe");
  });
}

export default function OfflineStripe() {
  const { balance, accounts, transfers, events } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="ds_page-header__title">Offline Stripe</h1>
      <p>
        This page is for demonstrations and testing. The service is not connected to Stripe, so a stand-in answers its calls. Here you can see what it holds and send the events
        Stripe would send later. It does not exist when the service is connected to Stripe.
      </p>
      <SummaryList rows={[{ key: "Platform balance available", value: formatPence(balance) }]} />
      <DsForm>
        <TextInput
          name="balance"
          label="Set the available balance"
          hint="Transfers above it fail as Stripe's insufficient funds do. For example, 0."
          prefix="£"
          width={10}
          inputMode="decimal"
        />
        <Button name="intent" value="balance" variant="secondary">
          Set balance
        </Button>
      </DsForm>
      <h2>Connected accounts</h2>
      <Table
        caption="Providers' connected accounts"
        empty="No provider has connected a Stripe account."
        rowKey={(row) => row.id}
        rows={accounts}
        columns={[
          { header: "Account", cell: (row) => row.id },
          { header: "Business", cell: (row) => row.business },
          { header: "Can be paid", cell: (row) => (row.ready ? "Yes" : "No: onboarding not finished") },
          {
            header: "Bank payout",
            cell: (row) => (
              <Form method="post">
                <input type="hidden" name="account" value={row.id} />
                <Button name="intent" value="payout" variant="small">
                  Pay out<span className="visually-hidden"> to {row.business}</span>
                </Button>
              </Form>
            ),
          },
        ]}
      />
      <h2>Transfers</h2>
      <Table
        caption="Transfers to providers"
        empty="No transfers yet."
        rowKey={(row) => row.id}
        rows={transfers}
        columns={[
          { header: "Transfer", cell: (row) => row.id },
          { header: "Invoice", cell: (row) => row.invoice },
          { header: "To", cell: (row) => row.destination },
          { header: "Amount", cell: (row) => formatPence(row.amount), numeric: true },
          { header: "Reversed", cell: (row) => formatPence(row.reversed), numeric: true },
          {
            header: "Reverse",
            cell: (row) =>
              row.reversed < row.amount ? (
                <Form method="post">
                  <input type="hidden" name="transfer" value={row.id} />
                  <Button name="intent" value="reverse" variant="small">
                    Reverse<span className="visually-hidden"> {row.id}</span>
                  </Button>
                </Form>
              ) : (
                "Reversed"
              ),
          },
        ]}
      />
      <h2>Events sent</h2>
      <Table
        caption="The latest events sent to this service's webhook, newest first"
        empty="No events yet."
        rowKey={(row) => row.id}
        rows={events}
        columns={[
          { header: "Event", cell: (row) => row.id },
          { header: "Type", cell: (row) => row.type },
          { header: "Connected account", cell: (row) => row.account },
        ]}
      />
    </>
  );
}

import { z } from "zod";
import { requiredText } from "~/lib/validation";

/** Spaces and dashes people type in sort codes and account numbers ("30-94-57", "1234 5678"). */
const digitsOnly = (value: string) => value.replace(/[\s-]/g, "");

/** BACS carries an account name of at most 18 characters from this set (upper case on the bank file). */
export const BACS_NAME_LENGTH = 18;
const BACS_NAME = /^[A-Za-z0-9][A-Za-z0-9 ./&-]*$/;

/** The account name as the BACS bank file carries it: upper case, BACS characters only, at most 18 of them. */
export const bacsName = (name: string) =>
  name
    .toUpperCase()
    .replace(/[^A-Z0-9 ./&-]/g, "")
    .replace(/^[^A-Z0-9]+/, "")
    .slice(0, BACS_NAME_LENGTH)
    .trim();

/** A UK bank account for BACS payments. A modulus check is left to the bank file's validation. */
export const BankDetailsSchema = z.object({
  accountName: requiredText(
    "Enter the name on the account",
    BACS_NAME_LENGTH,
    `The name on the account must be ${BACS_NAME_LENGTH} characters or fewer, as banks send it with a BACS payment`,
  ).refine(
    (value) => BACS_NAME.test(value),
    "The name on the account can only use letters, numbers, spaces and the characters . / & -, and must start with a letter or number",
  ),
  sortCode: z
    .string({ error: "Enter a sort code" })
    .trim()
    .min(1, "Enter a sort code")
    .transform(digitsOnly)
    .refine((value) => /^\d+$/.test(value), "Enter a sort code using numbers only, like 30-94-57")
    .refine((value) => value.length === 6, "Sort code must be 6 digits long, like 30-94-57"),
  accountNumber: z
    .string({ error: "Enter an account number" })
    .trim()
    .min(1, "Enter an account number")
    .transform(digitsOnly)
    .refine((value) => /^\d+$/.test(value), "Enter an account number using numbers only, like 00733445")
    .refine((value) => value.length === 8, "Account number must be 8 digits long, like 00733445"),
});
export type BankDetails = z.output<typeof BankDetailsSchema>;

/** Only the last two digits of a sort code: "**-**-57". */
export const maskSortCode = (sortCode: string) => `**-**-${digitsOnly(sortCode).slice(-2)}`;

/** Only the last four digits of an account number: "****3445". */
export const maskAccountNumber = (accountNumber: string) => `****${digitsOnly(accountNumber).slice(-4)}`;

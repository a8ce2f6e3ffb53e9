import { z } from "zod";
import { requiredText } from "~/lib/validation";

/** Spaces and dashes people type in sort codes and account numbers ("30-94-57", "1234 5678"). */
const digitsOnly = (value: string) => value.replace(/[\s-]/g, "");

/** A UK bank account for BACS payments. A modulus check is left to the bank file's validation. */
export const BankDetailsSchema = z.object({
  accountName: requiredText("Enter the name on the account", 70, "The name on the account must be 70 characters or fewer"),
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

/** Rules and wording about passwords that pages show as well as the server enforcing them. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const EXPIRED_RESET_LINK = "This link has expired or has already been used. Ask for a new link.";

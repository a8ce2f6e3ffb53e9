import { notFound } from "~/lib/http.server";

/** Any address that matches no page. */
export function loader(): never {
  return notFound();
}

export default function NotFound() {
  return null;
}

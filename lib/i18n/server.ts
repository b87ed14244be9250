/** The locale of the request (its `tidemark-locale` cookie) for server components. */
import { cookies } from "next/headers";
import { createTranslator, LOCALE_COOKIE, parseLocale, type Locale, type Translator } from "./index";

export async function getLocale(): Promise<Locale> {
  return parseLocale((await cookies()).get(LOCALE_COOKIE)?.value);
}

export async function getT(): Promise<Translator> {
  return createTranslator(await getLocale());
}

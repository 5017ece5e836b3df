import { createContext, useContext } from "react";

// The per-request CSP nonce, made in entry.server.tsx. In the browser it reads "": browsers
// hide nonce values from the DOM, and nothing rendered after hydration needs one.
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export function useNonce(): string {
  return useContext(NonceContext);
}

export type ErrorKind = "validation" | "notPermitted" | "notFound" | "invalidState" | "auth" | "setup" | "storage" | "internal";

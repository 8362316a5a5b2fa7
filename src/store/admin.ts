// The admin credential repository (see src/admin/auth/ for how it is used).
/** The admin password (a scrypt hash) for the admin UI and API. */
export interface AdminRepo {
  passwordHash(): Promise<string | undefined>;
  setPasswordHash(hash: string): Promise<void>;
}

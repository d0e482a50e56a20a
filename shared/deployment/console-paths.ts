/** The console's own sign-in paths: API routes of the stack and the app client's callback URLs. */
export const AUTH_CALLBACK_PATH = '/auth/callback';
export const AUTH_LOGOUT_PATH = '/auth/logout';

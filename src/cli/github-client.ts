// The GitHub client a command needs: the process's one client (src/github/client.ts).
export { createGitHubClient, type GitHubClient } from '../upstream/github-client.js';

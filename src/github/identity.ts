// GitHub concepts the settings choose among: the Copilot plan's account type (it decides the
// Copilot API host) and the editor identity headers GitHub and Copilot expect from a client.

export type AccountType = 'individual' | 'business' | 'enterprise';

export interface IdentityHeaders {
  editorVersion: string;
  editorPluginVersion: string;
  userAgent: string;
  integrationId: string;
  apiVersion: string;
  openaiIntent: string;
}

export const DEFAULT_IDENTITY: IdentityHeaders = {
  editorVersion: 'vscode/1.104.3',
  editorPluginVersion: 'copilot-chat/0.31.5',
  userAgent: 'GitHubCopilotChat/0.31.5',
  integrationId: 'vscode-chat',
  apiVersion: '2025-05-01',
  openaiIntent: 'conversation-agent',
};

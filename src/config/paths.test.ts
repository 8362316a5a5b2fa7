import { describe, expect, it } from 'vitest';
import { dataPaths, resolveDataDir } from './paths.js';

describe('resolveDataDir', () => {
  const home = '/home/u';
  it('prefers --data-dir over everything', () => {
    expect(resolveDataDir('/flag', { COPILOT_GATEWAY_HOME: '/env', XDG_DATA_HOME: '/xdg' }, home)).toBe(
      '/flag',
    );
  });
  it('then COPILOT_GATEWAY_HOME', () => {
    expect(resolveDataDir(undefined, { COPILOT_GATEWAY_HOME: '/env', XDG_DATA_HOME: '/xdg' }, home)).toBe(
      '/env',
    );
  });
  it('then $XDG_DATA_HOME/copilot-gateway', () => {
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/xdg' }, home)).toBe('/xdg/copilot-gateway');
  });
  it('ignores a relative XDG_DATA_HOME, as the XDG spec requires', () => {
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: 'rel' }, home)).toBe(
      '/home/u/.local/share/copilot-gateway',
    );
  });
  it('falls back to ~/.local/share/copilot-gateway', () => {
    expect(resolveDataDir(undefined, {}, home)).toBe('/home/u/.local/share/copilot-gateway');
  });
  it('names the token and config files inside the dir', () => {
    expect(dataPaths('/d')).toEqual({
      dataDir: '/d',
      githubTokenFile: '/d/github_token',
      configFile: '/d/config.json',
    });
  });
});

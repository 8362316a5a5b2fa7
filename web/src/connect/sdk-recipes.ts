// The README's SDK recipes ("Client recipes" → OpenAI SDK, Anthropic SDK, Google Gen AI SDK),
// with this gateway's URL and a model filled in. sdk-recipes.test.ts checks that, with the
// README's own URL and `<model>`, each one is exactly the README's block, so the two cannot drift.
export const README_URL = 'http://127.0.0.1:4141';
export const README_MODEL = '<model>';

export interface SdkRecipe {
  id: 'openai' | 'anthropic' | 'genai';
  /** The README section it comes from. */
  heading: string;
  code: (url: string, model: string) => string;
}

export const SDK_RECIPES: SdkRecipe[] = [
  {
    id: 'openai',
    heading: 'OpenAI SDK',
    code: (url, model) =>
      [
        "import OpenAI from 'openai';",
        `const client = new OpenAI({ baseURL: '${url}/v1', apiKey: process.env.COPILOT_GATEWAY_KEY });`,
        `const model = '${model}'; // an id from (await client.models.list()).data`,
        "const r = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] });",
        "const s = await client.responses.create({ model, input: 'Hi' });",
      ].join('\n'),
  },
  {
    id: 'anthropic',
    heading: 'Anthropic SDK',
    code: (url, model) =>
      [
        "import Anthropic from '@anthropic-ai/sdk';",
        `const client = new Anthropic({ baseURL: '${url}', apiKey: process.env.COPILOT_GATEWAY_KEY });`,
        `await client.messages.create({ model: '${model}', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] });`,
      ].join('\n'),
  },
  {
    id: 'genai',
    heading: 'Google Gen AI SDK',
    code: (url, model) =>
      [
        "import { GoogleGenAI } from '@google/genai';",
        `const ai = new GoogleGenAI({ apiKey: process.env.COPILOT_GATEWAY_KEY, httpOptions: { baseUrl: '${url}' } });`,
        `await ai.models.generateContent({ model: '${model}', contents: 'Hi' });`,
      ].join('\n'),
  },
];

/** The line that gives the recipes their key (they read COPILOT_GATEWAY_KEY, as in the README). */
export const keyLine = (key: string) => `export COPILOT_GATEWAY_KEY=${key}`;

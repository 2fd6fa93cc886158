export { type AppDeps, createApp } from './app.js'
export { createLogger, type Logger, silentLogger } from './lib/logger.js'
export { FOUNDING_STORY_ID, foundingStory } from './seed/founding-story.js'
export { seedFoundingStory } from './seed/seed-story.js'

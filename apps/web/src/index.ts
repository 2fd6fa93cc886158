export { type AppDeps, createApp } from './app.js'
export { FOUNDING_STORY_ID, foundingStory } from './seed/founding-story.js'
export { seedFoundingStory } from './seed/seed-story.js'

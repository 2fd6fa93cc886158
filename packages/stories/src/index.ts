export {
  BUNDLED_STORY_IDS,
  type BundledStory,
  type BundledStoryId,
  bundledStories,
  bundledStoryPath,
  FOUNDING_STORY,
  InvalidStoryFileError,
  isBundledStoryId,
  loadBundledStory,
  UnknownStoryError,
} from './bundled-stories.js'
export { Certainty, certaintyOf, reasonOf } from './certainty.js'
export { exportStory, StoryNotExportableError } from './export-story.js'
export {
  type ImportProgress,
  type ImportStoryOptions,
  type ImportStoryResult,
  importStory,
  StoryConflictError,
} from './import-story.js'
export {
  DEFAULT_RECORDED_BY,
  parseStoryFile,
  STORY_FILE_FORMAT,
  STORY_FILE_VERSION,
} from './parse-story-file.js'
export type {
  DevelopmentType,
  ParseStoryResult,
  Story,
  StoryDevelopment,
  StoryEntity,
  StoryFileError,
  StoryLine,
  StoryLineEnvelope,
} from './story.js'
export {
  openStoryCatalogue,
  STORY_CATALOGUE,
  type StoryCatalogue,
  StoryEntry,
  storyCatalogueProjector,
} from './story-catalogue.js'
export { DevelopmentKey, StoryId, storyEventId, storyIdOf, streamIdOf } from './story-id.js'
export { type StoryEvents, toNewEvents } from './to-new-events.js'

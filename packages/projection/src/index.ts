export { type Entity, entitiesOf } from './entities-of.js'

package dynamo

// Translate exposes the error translation to the tests, which feed it SDK errors that
// DynamoDB Local cannot be made to produce (throttling).
var Translate = translate

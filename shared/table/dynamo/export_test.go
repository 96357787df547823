package dynamo

// Translate exposes the error translation to the tests, which feed it SDK errors that
// DynamoDB Local cannot be made to produce (throttling).
var Translate = translate

// DecodeItem exposes the item decoding to the throttling test, which scans the whole
// table to check its integrity.
var DecodeItem = decodeItem

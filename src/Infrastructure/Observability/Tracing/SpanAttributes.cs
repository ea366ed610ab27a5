namespace Recorder.Infrastructure.Observability.Tracing;

/// <summary>
/// Attribute names: OpenTelemetry's semantic conventions (messaging, database, error) where one exists, and
/// <c>recorder.*</c> for the rest. None of them ever holds chat content or a user id: the Kafka key
/// (<c>messaging.kafka.message.key</c>) is the user id, so it is deliberately left out.
/// </summary>
public static class SpanAttributes
{
    public const string MessagingSystem = "messaging.system";
    public const string MessagingDestination = "messaging.destination.name";
    public const string MessagingOperationType = "messaging.operation.type";
    public const string MessagingOperationName = "messaging.operation.name";
    public const string MessagingPartition = "messaging.destination.partition.id";
    public const string MessagingKafkaOffset = "messaging.kafka.offset";
    public const string MessagingClientId = "messaging.client.id";
    public const string MessagingConsumerGroup = "messaging.consumer.group.name";
    public const string MessagingBodySize = "messaging.message.body.size";

    public const string DbSystem = "db.system.name";
    public const string DbCollection = "db.collection.name";
    public const string DbOperation = "db.operation.name";

    /// <summary>The MySQL error number of a retried or refused statement.</summary>
    public const string DbResponseStatusCode = "db.response.status_code";

    public const string ErrorType = "error.type";

    /// <summary>Pairs in the round (a count, not the pairs).</summary>
    public const string QaPairs = "recorder.qa_pairs";

    /// <summary>What became of a record: <c>recorded</c>, <c>dead_lettered</c> or <c>retry_later</c>.</summary>
    public const string Outcome = "recorder.outcome";

    public const string RowsInserted = "recorder.rows.inserted";
    public const string RowsIgnored = "recorder.rows.ignored";

    /// <summary>Why a record was dead-lettered (the <c>dlq_reason</c> code).</summary>
    public const string DeadLetterReason = "recorder.dlq.reason";

    /// <summary>Records (rounds) whose rows one transaction carried.</summary>
    public const string DbRecords = "recorder.db.records";
    public const string DbRows = "recorder.db.rows";
    public const string DbAttempts = "recorder.db.attempts";
    public const string DbInsertMethod = "recorder.db.insert_method";

    public const string Kafka = "kafka";
    public const string MySql = "mysql";
}

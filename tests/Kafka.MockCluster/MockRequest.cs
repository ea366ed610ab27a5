namespace Kafka.MockCluster;

/// <summary>One request a broker of the mock cluster received while request tracking was on.</summary>
/// <param name="BrokerId">The broker that received it.</param>
/// <param name="ApiKey">The request type.</param>
/// <param name="TimestampMicroseconds">
/// librdkafka's monotonic clock in microseconds when the request arrived: comparable between requests only.
/// </param>
public readonly record struct MockRequest(int BrokerId, KafkaApiKey ApiKey, long TimestampMicroseconds);

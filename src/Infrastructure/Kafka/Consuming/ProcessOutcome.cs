namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>What a processor did with a message.</summary>
public enum ProcessOutcome
{
    /// <summary>
    /// The message is finished for good (stored, ignored as a duplicate, or dead-lettered). Its offset becomes
    /// committable once every earlier received offset of the partition is finished as well.
    /// </summary>
    Ack,

    /// <summary>
    /// Not acknowledged: the message could not be finished now (for example storage and the dead-letter topic are
    /// both unavailable). The consumer keeps it, pauses fetching of its partition and hands the same record to the
    /// processor again after a backoff, until it is acknowledged or the partition leaves this consumer; its offset
    /// (and every later one of the partition) is not committed meanwhile, so nothing is dropped.
    /// </summary>
    RetryLater,
}

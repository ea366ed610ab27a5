using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>
/// Server errors that are about the rows of one statement, so only the message those rows came from should fail.
/// Everything else (read-only server after failover, missing table, privileges, disk full, …) says nothing about
/// the rows: it is retried for the whole batch within each message's budget, never pinned on one message.
/// </summary>
internal static class RowErrors
{
    private static readonly HashSet<int> RowSpecific =
    [
        1048, // column cannot be null
        1153, // statement larger than max_allowed_packet
        1264, // value out of range
        1265, // data truncated
        1292, // incorrect date/time value
        1364, // field has no default value
        1366, // incorrect string value (character not storable)
        1406, // data too long for column
    ];

    public static bool IsRowSpecific(MySqlException exception) => RowSpecific.Contains(exception.Number);
}

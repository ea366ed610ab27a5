using MySqlConnector;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// The check both insert methods share: under IGNORE, every warning must be a duplicate of the unique key, and there
/// must be one for each row that was not inserted. The server lists at most <c>max_error_count</c> warnings (64 by
/// default), so each session's limit is raised first; otherwise a data warning could hide behind 64 duplicates.
/// </summary>
internal static class InsertWarnings
{
    /// <summary>MySQL's and MariaDB's upper bound for max_error_count; also the most rows one statement may carry.</summary>
    public const int MaxVisible = 65_535;

    public const string RaiseLimitSql = "SET SESSION max_error_count = 65535";

    /// <exception cref="BulkInsertRowException">A warning other than a duplicate, or duplicates unaccounted for.</exception>
    public static void EnsureOnlyDuplicates(IEnumerable<MySqlErrorCode> warnings, int offered, int inserted)
    {
        var duplicates = 0;
        var other = new List<MySqlErrorCode>();
        foreach (var code in warnings)
        {
            if (code == MySqlErrorCode.DuplicateKeyEntry)
            {
                duplicates++;
            }
            else
            {
                other.Add(code);
            }
        }

        if (other.Count > 0 || duplicates != offered - inserted)
        {
            throw new BulkInsertRowException(other.Count > 0 ? (int)other[0] : 0, other.Count);
        }
    }
}

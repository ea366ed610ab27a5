namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>A complete result set, copied out of Connector/C's buffered result so readers never touch native memory.</summary>
internal sealed class ResultSet(IReadOnlyList<ResultColumn> columns, List<ResultRow> rows)
{
    public IReadOnlyList<ResultColumn> Columns { get; } = columns;

    public List<ResultRow> Rows { get; } = rows;
}

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>Everything the connection's native thread needs to build and send one command.</summary>
internal sealed record CommandRequest(string CommandText, ParsedSql? Parsed, MySqlParameterCollection? Parameters)
{
    public static CommandRequest Text(string sql) => new(sql, null, null);
}

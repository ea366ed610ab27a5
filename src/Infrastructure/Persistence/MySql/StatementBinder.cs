using System.Text;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// Produces the bytes sent with <c>mysql_real_query</c>: the command text with every <c>@name</c> placeholder replaced by
/// the escaped literal of its parameter. Without parameters the text goes verbatim, so scripts that use user
/// variables need no special setting.
/// </summary>
internal static class StatementBinder
{
    public static void Bind<TEscaper>(
        StatementBuffer buffer, string commandText, ParsedSql? parsed, MySqlParameterCollection? parameters,
        bool allowUserVariables, TEscaper escaper, bool backslashEscapes = true)
        where TEscaper : ISqlStringEscaper
    {
        if (parameters is null || parameters.Count == 0)
        {
            var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(commandText.Length));
            buffer.Advance(Encoding.UTF8.GetBytes(commandText, span));
            return;
        }

        // The cached parse assumes the default sql_mode; a session without backslash escapes is scanned anew.
        parsed = backslashEscapes
            ? parsed ?? SqlPlaceholderScanner.Parse(commandText)
            : SqlPlaceholderScanner.Parse(commandText, backslashEscapes: false);
        ReadOnlySpan<byte> sql = parsed.Utf8;
        var position = 0;
        var hint = 0;
        foreach (var placeholder in parsed.Placeholders)
        {
            if (parameters.TryGetValue(placeholder.Name, ref hint, out var value))
            {
                buffer.Write(sql[position..placeholder.Start]);
                SqlLiteralWriter.Write(buffer, value, escaper);
                position = placeholder.Start + placeholder.Length;
            }
            else if (!allowUserVariables)
            {
                throw new MySqlException(
                    $"Parameter '@{placeholder.Name}' must be defined. To use it as a user variable instead, " +
                    "set 'Allow User Variables=true' in the connection string.");
            }
        }

        buffer.Write(sql[position..]);
    }

    /// <summary>A first guess at the statement size, so the buffer rarely has to grow.</summary>
    public static int EstimateSize(string commandText, MySqlParameterCollection? parameters) =>
        commandText.Length + 16 + ((parameters?.Count ?? 0) * 64);
}

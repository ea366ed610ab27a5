using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Recorder.IntegrationTests.Support;

/// <summary>Keeps every command EF Core sends, with its parameters, to look at the SQL it generated.</summary>
internal sealed class CapturedCommands : DbCommandInterceptor
{
    public ConcurrentQueue<CapturedCommand> Commands { get; } = new();

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        Commands.Enqueue(new CapturedCommand(command.CommandText,
            command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList()));
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}

internal sealed record CapturedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Recorder.Infrastructure.Persistence;

/// <summary>How <see cref="RecorderDbContext"/> is configured: one place for the service and for tests that need
/// the same options with something added (an interceptor).</summary>
public static class RecorderDbContextOptions
{
    public static DbContextOptionsBuilder UseRecorderMySql(this DbContextOptionsBuilder builder, MySqlDataSource dataSource, ServerVersion serverVersion)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .UseMySql(dataSource, serverVersion)
            .ConfigureWarnings(warnings => warnings
                // EF Core builds one internal service provider per host (each host has its own logger factory); a process
                // that runs many hosts, as the integration tests do, passes twenty without anything being wrong.
                .Log(CoreEventId.ManyServiceProvidersCreatedWarning)
                // Erasing one user's rows deletes them in unordered LIMIT batches on purpose (ConversationRecordEraser):
                // which rows a batch takes does not matter when every one of them goes.
                .Log((CoreEventId.RowLimitingOperationWithoutOrderByWarning, LogLevel.Debug)));
    }
}

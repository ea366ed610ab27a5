using Microsoft.EntityFrameworkCore;
using Recorder.Infrastructure.Persistence;

namespace Recorder.UnitTests.Persistence.Support;

/// <summary>EF models built without a server, for the same server version the service is configured for.</summary>
internal static class OfflineModel
{
    public static ServerVersion ServerVersion { get; } = new PersistenceOptions().ParsedServerVersion();

    /// <summary>The recorder's own context; reading its model needs no connection.</summary>
    public static RecorderDbContext RecordsContext() => new(new DbContextOptionsBuilder<RecorderDbContext>()
        .UseMySql(ServerVersion)
        .Options);
}

using Siprec.Server.Configuration;

namespace Siprec.Server.Tests.Configuration;

public sealed class ConfigurationDocsTests
{
    public static TheoryData<string, string, string> Keys()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var key in ConfigurationKeys.All)
        {
            data.Add(key.EnvName, key.JsonPath, key.Default);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void EveryKeyIsDocumentedWithPathAndDefault(string env, string jsonPath, string defaultValue)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Siprec.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var doc = File.ReadAllLines(Path.Combine(dir.FullName, "docs", "configuration.md"));
        var row = Assert.Single(doc, l => l.StartsWith($"| `{env}` |", StringComparison.Ordinal));
        Assert.Contains($"`{jsonPath}`", row, StringComparison.Ordinal);
        Assert.Contains(defaultValue.Length == 0 ? "(empty)" : $"`{defaultValue}`", row, StringComparison.Ordinal);
    }
}

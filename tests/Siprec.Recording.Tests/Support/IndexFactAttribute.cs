using Xunit.Sdk;

namespace Siprec.Recording.Tests.Support;

/// <summary>A fact of the index contract: skipped, saying why, in a class marked <see cref="RequiresPostgresAttribute"/> where PostgreSQL is missing.</summary>
[XunitTestCaseDiscoverer("Siprec.Recording.Tests.Support.IndexFactDiscoverer", "Siprec.Recording.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class IndexFactAttribute : FactAttribute;

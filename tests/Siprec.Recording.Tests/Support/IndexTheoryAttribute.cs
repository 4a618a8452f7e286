using Xunit.Sdk;

namespace Siprec.Recording.Tests.Support;

/// <summary>A theory of the index contract: skipped, saying why, in a class marked <see cref="RequiresPostgresAttribute"/> where PostgreSQL is missing.</summary>
[XunitTestCaseDiscoverer("Siprec.Recording.Tests.Support.IndexTheoryDiscoverer", "Siprec.Recording.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class IndexTheoryAttribute : TheoryAttribute;

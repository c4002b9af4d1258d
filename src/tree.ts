export interface TreeEntry {
  path: string;
  component: string;
}

interface Node {
  children: Map<string, Node>;
  component?: string;
}

export interface TreeRow {
  line: string;
  /** The planned file's path on a file's row; undefined on the root's and the folders' rows. */
  file?: string;
}

/** The planned files as an indented tree, each file with the component that contributed it. */
export function formatTree(root: string, entries: TreeEntry[]): string[] {
  return treeRows(root, entries).map((row) => row.line);
}

/** formatTree's lines, each with the file it stands for, so that a viewer can open it. */
export function treeRows(root: string, entries: TreeEntry[]): TreeRow[] {
  const top: Node = { children: new Map() };
  for (const { path, component } of entries) {
    let node = top;
    for (const part of path.split('/')) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { children: new Map() }));
      node = child;
    }
    node.component = component;
  }
  const rows: [string, string, string?][] = [[`${root}/`, '']];
  const visit = (node: Node, prefix: string, dir: string) => {
    const names = [...node.children.keys()].sort((a, b) => {
      const [da, db] = [node.children.get(a)!.children.size > 0, node.children.get(b)!.children.size > 0];
      return da === db ? (a < b ? -1 : 1) : da ? -1 : 1;
    });
    names.forEach((name, index) => {
      const child = node.children.get(name)!;
      const last = index === names.length - 1;
      const isDir = child.children.size > 0;
      const path = dir + name;
      rows.push([`${prefix}${last ? '└── ' : '├── '}${name}${isDir ? '/' : ''}`, child.component ?? '', isDir ? undefined : path]);
      if (isDir) visit(child, `${prefix}${last ? '    ' : '│   '}`, `${path}/`);
    });
  };
  visit(top, '', '');
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, component, file]) => ({ line: component ? label.padEnd(width) + component : label, file }));
}

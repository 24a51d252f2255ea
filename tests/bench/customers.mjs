// Deterministic synthetic customer files for the benchmarks: Chinese names, mobile numbers, regions,
// owners, sources. `makeCustomers` is self-contained (no outer references) so the benchmark can ship its
// source text into the page and generate the documents there instead of sending 100,000 over CDP.
export function makeCustomers(start, count) {
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
  const compound = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫'];
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕飞鹏辉建国志新海波宇浩然子轩梓涵一诺欣怡雨桐俊杰思远嘉怡晨阳';
  const regions = [['北京', '朝阳区'], ['北京', '海淀区'], ['上海', '浦东新区'], ['上海', '闵行区'], ['广东', '广州'],
    ['广东', '深圳'], ['四川', '成都'], ['浙江', '杭州'], ['江苏', '南京'], ['湖北', '武汉'], ['陕西', '西安'],
    ['山东', '济南'], ['河南', '郑州'], ['湖南', '长沙'], ['重庆', '渝北区'], ['天津', '滨海新区']];
  const streets = ['人民路', '解放路', '中山路', '建设路', '和平街', '文化路', '新华路', '长江路', '南京路', '光明街'];
  const companies = ['', '', '华兴贸易有限公司', '蓝天物流', '东方建筑工程', '恒信科技', '金桥餐饮', '顺达运输', '个体经营'];
  const positions = ['', '经理', '总经理', '司机', '工程师', '教师', '销售', '会计', '个体户'];
  const sources = ['到店', '电话', '转介绍', '网络', '车展', '老客户'];
  const owners = ['sales-01', 'sales-02', 'sales-03', 'sales-04', 'sales-05', 'sales-06', 'sales-07', 'sales-08'];
  const prefixes = ['138', '139', '137', '136', '135', '150', '151', '158', '159', '186', '187', '188', '177', '199'];
  const docs = new Array(count);
  for (let k = 0; k < count; ++k) {
    const i = start + k;
    // A small integer hash so neighbouring customers do not look alike.
    let h = Math.imul(i + 1, 2654435761);
    h = Math.imul(h ^ (h >>> 15), 2246822519);
    h = Math.imul(h ^ (h >>> 13), 3266489917);
    h = (h ^ (h >>> 16)) >>> 0;
    const pick = (arr, shift) => arr[(h >>> shift) % arr.length];
    const surname = i % 97 === 0 ? compound[i % compound.length] : surnames[h % surnames.length];
    const name = surname + given[(h >>> 7) % given.length] + ((h >>> 3) % 3 ? given[(h >>> 11) % given.length] : '');
    const [province, city] = pick(regions, 5);
    const phone = pick(prefixes, 9) + String(10000000 + ((h ^ Math.imul(i, 7919)) >>> 0) % 90000000).slice(-8);
    const doc = {
      _id: 'cust-' + String(i).padStart(7, '0'),
      type: 'customer',
      name,
      gender: (h >>> 2) % 2 ? 'male' : 'female',
      phones: [phone],
      region: province + ' ' + city,
      address: city + pick(streets, 13) + ((h >>> 17) % 300 + 1) + '号',
      owner: pick(owners, 19),
      source: pick(sources, 21),
    };
    const company = pick(companies, 23);
    if (company) { doc.company = company; doc.position = pick(positions, 25); }
    if ((h >>> 27) % 4 === 0) doc.wechat = 'wx_' + (h % 1000000).toString(36);
    if ((h >>> 4) % 3 === 0) doc.birthday = { calendar: 'solar', year: 1960 + (h % 40), month: 1 + (h >>> 8) % 12, day: 1 + (h >>> 12) % 28 };
    if ((h >>> 6) % 5 === 0) doc.notes = '客户关注' + pick(['SUV', '新能源', '二手车置换', '贷款方案', '保养套餐'], 29) + '，已电话回访。';
    docs[k] = doc;
  }
  return docs;
}
